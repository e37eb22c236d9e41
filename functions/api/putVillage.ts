import * as z from 'zod';
import { putVillage } from '../../shared/adapters/table/registryRepository.js';
import { villageRecordSchema } from '../../shared/contract/registry.js';
import { villageCodeSchema, villageInputSchema } from '../../shared/domain/model/village.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery } from './http/schemas.js';

/** PUT /registry/villages/{villageCode} (registrar): a village with its district and location tier. */
const params = z.strictObject({ villageCode: villageCodeSchema });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof villageInputSchema> = {
  id: 'putVillage',
  method: 'PUT',
  path: '/registry/villages/{villageCode}',
  responses: { 200: villageRecordSchema },
  params,
  query: anyQuery,
  body: villageInputSchema,
  async handle({ params: p, body, principal, now }) {
    if (!p.villageCode.startsWith(body.districtCode)) {
      throw new ValidationFailed('the village code must begin with its district code', [
        {
          path: 'body.districtCode',
          message: `village ${p.villageCode} is not in district ${body.districtCode}`,
        },
      ]);
    }
    const village = { ...body, villageCode: p.villageCode };
    await putVillage(village, principal.sub, now);
    return { status: 200, body: village };
  },
};

export const handler = lambdaHandler(route);
