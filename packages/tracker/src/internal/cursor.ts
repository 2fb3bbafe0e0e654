import { TrackerError } from '../tracker-error.ts';

// A cursor is the creation ordinal of the last job of the previous page. New jobs get larger
// ordinals, so pages already handed out stay stable while jobs are created. The prefix leaves
// room for another encoding later.
const FORMAT = /^o1:(\d{1,15})$/;

export function encodeCursor(order: number): string {
  return Buffer.from(`o1:${order}`, 'latin1').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = typeof cursor === 'string' ? FORMAT.exec(Buffer.from(cursor, 'base64url').toString('latin1')) : null;
  if (!match) throw new TrackerError('INVALID_ARGUMENT', `Cursor de paginación inválido: '${String(cursor)}'`);
  return Number(match[1]);
}
