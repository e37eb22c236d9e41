import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { signInClaims } from '../../shared/auth/staffSignIn.js';

/**
 * The user pool's pre-token-generation trigger (V1: the ID token, which is the API's bearer). It runs
 * on every sign-in and every refresh. Throwing refuses the sign-in: Cognito answers the client with
 * the message and issues no token.
 */
export const handler = async (
  event: PreTokenGenerationTriggerEvent,
): Promise<PreTokenGenerationTriggerEvent> => {
  const claims = signInClaims(
    event.request.groupConfiguration.groupsToOverride ?? [],
    event.request.userAttributes,
  );
  event.response = { claimsOverrideDetails: { claimsToAddOrOverride: claims } };
  return event;
};
