// HTTP calls to the hub's JSON API. Errors become ApiError with the hub's message
// ({"error","message","field"}) so forms can show exactly what the server said.

export class ApiError extends Error {
  constructor(status, body) {
    const detail = body?.message || body?.error || `HTTP ${status}`;
    super(body?.field ? `${detail} (field: ${body.field})` : detail);
    this.status = status;
    this.code = body?.error || null;
    this.problems = Array.isArray(body?.problems) ? body.problems : null; // bad lines of an uploaded file
  }
}

/** Sends a request and returns the parsed JSON body; throws ApiError on 4xx/5xx. */
export async function request(method, path, { json, body, contentType } = {}) {
  const headers = {};
  const token = new URLSearchParams(location.search).get('token'); // a hub with tokens: open /?token=T
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload = body;
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(json); }
  else if (contentType) headers['Content-Type'] = contentType;
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, { message: `cannot reach the hub (${error.message})` });
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { message: text.slice(0, 200) }; }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}
