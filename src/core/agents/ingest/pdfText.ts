import { IngestProblem } from './ingestProblem';
import { packParagraphs, paragraphsOf, type IngestChunk } from './textChunks';

/**
 * PDF text through `unpdf` (a pure-JS build of Mozilla's pdf.js: no native code, no download,
 * bundled by esbuild into the engine and loaded only when a PDF arrives). Each page's text is cut
 * into notes by paragraphs, with the page number in `meta.page`. Scanned pages hold images, not
 * text; without OCR they yield nothing, and the file fails saying so.
 */
export async function pdfChunks(bytes: Buffer): Promise<IngestChunk[]> {
  const { getDocumentProxy, extractText } = await import('unpdf');
  let pages: string[];
  try {
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? error.message : String(error);
    if (name === 'PasswordException') throw new IngestProblem('the PDF is encrypted with a password; save an unprotected copy and drop that instead');
    throw new IngestProblem(`not a readable PDF: ${message}`);
  }
  const chunks: IngestChunk[] = [];
  for (const [i, page] of pages.entries()) {
    for (const piece of packParagraphs(paragraphsOf(page.replace(/\r\n?/g, '\n')))) chunks.push({ text: piece, meta: { page: i + 1 } });
  }
  if (chunks.length === 0) {
    throw new IngestProblem(`no text in the PDF (${pages.length} page${pages.length === 1 ? '' : 's'}): scanned pages are images, and the ingestor does not do OCR`);
  }
  return chunks;
}
