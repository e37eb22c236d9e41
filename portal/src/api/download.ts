import { freshToken } from '../auth/refresh';
import { signOut } from '../auth/session';
import { filenameFromDisposition } from '../lib/downloadName';
import { API_BASE, ApiError, NetworkError, type RequestOptions, readProblem } from './client';

/**
 * Downloads a file the API answers (CSV, xlsx) with the bearer token: a bare <a href> would carry no
 * Authorization header, so the file is fetched, held as a Blob, and saved through a temporary object
 * URL and an <a download>. Problems arrive as problem+json and are thrown as ApiError, like apiFetch's.
 */
export async function downloadFile(path: string, query: RequestOptions['query'], fallbackName: string) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const headers: Record<string, string> = {};
  const token = await freshToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}?${params}`, { headers });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!res.ok) {
    const error = new ApiError(res.status, await readProblem(res));
    if (res.status === 401) signOut();
    throw error;
  }
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filenameFromDisposition(res.headers.get('content-disposition'), fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken the file by then; the URL only holds memory
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
