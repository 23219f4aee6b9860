/** The emulator the harness started (the README's `HANKO_API_URL`). */
export declare const apiUrl: string
/** A request with `Authorization: Bearer <a session token the emulator minted>`. */
export declare function signedIn(url?: string): Request
/** A request without a token. */
export declare function signedOut(url?: string): Request
/** Throws, with the body, unless the response has this status. */
export declare function expectStatus(response: Response, status: number): Promise<void>
