/**
 * Rich text of news and pages, cleaned on save: no script, no event handlers, no style
 * injection, links only http(s)/mailto, images and iframes only from our own origin (relative
 * URLs: a cover or a help video we serve), so an article can never load a foreign frame.
 */
import sanitizeHtml from 'sanitize-html';

const OWN_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~/?=&%]*$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
    'video',
    'source',
    'iframe',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    video: ['src', 'controls', 'width', 'height', 'preload'],
    source: ['src', 'type'],
    iframe: ['src', 'width', 'height', 'title'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [], video: [], source: [], iframe: [] },
  allowProtocolRelative: false,
  allowedIframeHostnames: [],
  allowIframeRelativeUrls: true,
  // Media and frames load only plain paths of our own origin ("/api/…"); anything else — a foreign
  // or protocol-relative source, a "/\\host" trick, odd characters — drops the element whole.
  exclusiveFilter: (frame) => ['iframe', 'img', 'video', 'source'].includes(frame.tag) && !OWN_PATH.test(frame.attribs.src ?? ''),
  transformTags: {
    // Links leave the app in a new tab without handing it our window.
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }),
  },
};
OPTIONS.allowedAttributes = { ...(OPTIONS.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'target', 'rel'] };

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** Plain text of rich text, for the search index. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|h\d|li|tr|blockquote)>/gi, ' $&').replace(/<br\s*\/?>/gi, ' '), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
