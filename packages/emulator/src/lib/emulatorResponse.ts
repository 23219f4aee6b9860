/** Response headers in order, names lower-case; a name may repeat (every `Set-Cookie` is its own entry). */
export type HeaderList = [name: string, value: string][]

/**
 * One answer as the routes build it, before any server writes it: `emulator.fetch` turns it into a
 * `Response`, the CLI writes it straight to node:http. The body is text (JSON) or nothing.
 */
export interface EmulatorResponse {
  readonly status: number
  readonly headers: HeaderList
  readonly body: string | undefined
  /** A dropped connection: `fetch` resolves `Response.error()`, the CLI destroys the socket. */
  readonly networkError: boolean
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** A JSON response, typed the way Hanko's echo server types them. */
export function json(status: number, body: unknown, headers: HeaderList = []): EmulatorResponse {
  return jsonText(status, JSON.stringify(body), headers)
}

/** A JSON response whose text was built (or cached) elsewhere. `headers` must not hold a `content-type`. */
export function jsonText(status: number, text: string, headers: HeaderList = []): EmulatorResponse {
  return { status, headers: [['content-type', 'application/json'], ...headers], body: text, networkError: false }
}

/** Hanko's plain error body outside the Flow API (echo's HTTPError): `{"code":401,"message":"Unauthorized"}`. */
export function echoError(status: number, message: string = statusText(status), headers?: HeaderList): EmulatorResponse {
  return json(status, { code: status, message }, headers)
}

const STATUS_PAGE = `<!DOCTYPE html>
<html>
<head><title>API Status</title></head>
<body>
<h1>API Status</h1>
<p>The Hanko emulator is running. This is the status page a Hanko backend serves at its root.</p>
</body>
</html>
`

/** `GET /`: Hanko's status page is HTML (echo's `c.Render`), 200 while the API runs. */
export function statusPage(): EmulatorResponse {
  return { status: 200, headers: [['content-type', 'text/html; charset=UTF-8']], body: STATUS_PAGE, networkError: false }
}

/** A response without a body, such as a 204. */
export function emptyResponse(status: number, headers: HeaderList = []): EmulatorResponse {
  return { status, headers, body: undefined, networkError: false }
}

/** The answer to a `'drop'` fault: no response at all. */
export function networkError(): EmulatorResponse {
  return { status: 0, headers: [], body: undefined, networkError: true }
}

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error')
}
