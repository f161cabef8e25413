import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

// Raw HTML in markdown is escaped (html: false) and links are limited to http(s) and mailto by
// markdown-it's own check; DOMPurify then removes anything that still slipped through. Memory text
// and model output are untrusted: this is the only way either reaches the DOM.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });

/** `[m:<ULID>]` as the pipeline asks models to cite; only the ULID alphabet can match. */
const CITATION = /\[m:([0-9A-HJKMNP-TV-Z]{26})\]/g;

export interface RenderedMarkdown {
  /** Sanitized HTML; citations are `<a class="citation" data-memory-id=…>` links. */
  html: string;
  /** Ids cited, in order of first appearance. */
  citations: string[];
}

export function renderMarkdown(source: string): RenderedMarkdown {
  const citations: string[] = [];
  const rendered = markdown.render(source).replace(CITATION, (_match, id: string) => {
    if (!citations.includes(id)) citations.push(id);
    return `<a href="#" class="citation" data-memory-id="${id}" title="Open memory ${id}">[${citations.indexOf(id) + 1}]</a>`;
  });
  const html = DOMPurify.sanitize(rendered, {
    ALLOWED_ATTR: ['href', 'title', 'class', 'data-memory-id'],
    FORBID_TAGS: ['style', 'form', 'input', 'iframe', 'img', 'svg', 'math'],
  });
  return { html, citations };
}
