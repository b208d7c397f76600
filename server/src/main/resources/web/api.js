// The JSON API of this server: POST /api/v1/<Rpc> (the gRPC service in protobuf's JSON mapping)
// and the read-only GET views. A failed call throws ApiError carrying the server's own message.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch('/api/v1/' + path, init);
  } catch (e) {
    throw new ApiError(0, 'UNAVAILABLE', 'the server cannot be reached (' + e.message + ')');
  }
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'UNKNOWN', 'HTTP ' + response.status + ' without a JSON body');
  }
  if (!response.ok) {
    const e = json.error || {};
    throw new ApiError(response.status, e.code || 'UNKNOWN', e.message || 'HTTP ' + response.status);
  }
  return json;
}

/** Calls an RPC of marquee.v1.Recommender by name with a request message as a plain object. */
export const rpc = (name, req) => request('POST', name, req || {});

/** Reads a GET view, e.g. get('users/42/ratings'). */
export const get = (path) => request('GET', path);

let modelPromise;
/** The model's vocabularies and training settings (GET model), fetched once per page load. */
export function model() {
  modelPromise = modelPromise || get('model');
  return modelPromise;
}
