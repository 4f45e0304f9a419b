import { formatFen } from '@wage/cn';

/** An amount as an official reads it: ¥12,345.00. */
export const yuanText = (fen: number) => formatFen(fen);
