// Files the API serves behind the official's token (PDFs, QR codes) cannot be plain links: the answer is
// fetched with the token and handed to the browser as a download.
import { toApiError } from '../services/errors';

export function saveAnswer(
  answer: { data?: unknown; error?: unknown; response: Response },
  fileName: string,
): void {
  if (!answer.response.ok || !(answer.data instanceof Blob))
    throw toApiError(answer.response.status, answer.error);
  const url = URL.createObjectURL(answer.data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
