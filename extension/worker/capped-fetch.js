// One request to a remote party that may misbehave (a feed host, the
// publisher): it carries no cookies and no referrer, follows no redirect
// unless asked, gives up after the core's timeout (body included), and
// reads at most the core's size limit, refused by its Content-Length or cut
// off as a stream, before any of it reaches wasm memory, which never shrinks.

/**
 * Fetches `url`: `{ status, headers, text }` for any HTTP answer, or throws
 * an Error in the member's words naming `what` ("the feed").
 */
export async function fetchCapped(url, init, { timeoutMs, maxBytes, what }) {
  const signal = AbortSignal.timeout(timeoutMs);
  const seconds = Math.round(timeoutMs / 1000);
  try {
    const response = await fetch(url, {
      credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", ...init, signal,
    });
    const length = Number(response.headers.get("content-length"));
    if (length > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`${what} is ${length} bytes; the limit is ${sizeWords(maxBytes)}`);
    }
    const text = response.ok ? await readCapped(response, maxBytes, what) : "";
    if (!response.ok) await response.body?.cancel().catch(() => {});
    return { status: response.status, headers: response.headers, text };
  } catch (e) {
    if (signal.aborted) throw new Error(`${what} did not arrive within ${seconds} seconds`);
    if (e instanceof TypeError) throw new Error(`${what} could not be reached (${e.message})`);
    throw e;
  }
}

const sizeWords = (bytes) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The body as UTF-8 text, given up on as soon as it passes `maxBytes`. */
async function readCapped(response, maxBytes, what) {
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new Error(`${what} is larger than the limit of ${sizeWords(maxBytes)}`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${what} is not UTF-8 text`);
  }
}
