// Frames exactly as tRPC's sseStreamProducer writes them: `event:`, `data:`, `id:` lines, then
// a blank line of its own after the one that ends the event.
export function sseFrame(event: string | undefined, data: string, id?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n${id === undefined ? '' : `id: ${id}\n`}\n\n`;
}

export const PING_FRAME = sseFrame('ping', '');
export const RETURN_FRAME = sseFrame('return', '');
