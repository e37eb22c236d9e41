import type { RouteId } from '../../shared/auth/authorization.js';
import { PROBLEM_CODES, PROBLEM_STATUS, problemSchema } from '../../shared/contract/problem.js';
import { responseSchema } from '../../shared/contract/routes.js';
import type { InvokeResult } from '../support/api.js';

/**
 * What every answer to anything a client can send must be (API.md "Errors", issue 16): never a 5xx;
 * a 4xx is `application/problem+json` with a `code` of shared/contract/problemCodes.ts whose status is
 * the answer's; a 2xx JSON body is the route's contract (the pipeline checks it before it leaves, and
 * this checks again, so a pipeline that stopped checking would be caught). Returns what is wrong, or
 * an empty list.
 */
export function answerFaults(id: RouteId, res: InvokeResult): string[] {
  const faults: string[] = [];
  const type = res.headers['content-type'] ?? res.headers['Content-Type'] ?? '';
  if (res.status >= 500) faults.push(`${res.status} (never a 5xx for anything a client sends)`);
  if (res.status >= 400) {
    if (!/^application\/problem\+json/.test(type))
      faults.push(`content-type ${JSON.stringify(type)}, not problem+json`);
    const parsed = problemSchema.safeParse(res.json);
    if (!parsed.success) {
      faults.push(
        `not a problem of shared/contract/problem.ts (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`,
      );
    } else {
      const code = parsed.data.code;
      if (!(PROBLEM_CODES as readonly string[]).includes(code))
        faults.push(`code ${code} is not a contract code`);
      else if (PROBLEM_STATUS[code] !== res.status)
        faults.push(`code ${code} answers ${PROBLEM_STATUS[code]}, not ${res.status}`);
    }
  } else if (res.status >= 200 && res.status < 300 && /json/.test(type)) {
    const schema = responseSchema(id as Parameters<typeof responseSchema>[0], res.status);
    if (!schema) faults.push(`${res.status} is not an answer the contract lists for ${id}`);
    else {
      const checked = schema.safeParse(res.json);
      if (!checked.success)
        faults.push(
          `2xx body outside the contract: ${checked.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
    }
  } else if (res.status < 200 || res.status >= 300) {
    faults.push(`unexpected status ${res.status}`);
  }
  return faults;
}

/** The first characters of a text for a failure report (a 9 MB body must not become a 9 MB message). */
export function clip(text: string | undefined, max = 300): string {
  if (text === undefined) return '<none>';
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
