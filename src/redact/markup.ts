// Secrets in XML: `<password>…</password>` (Maven settings, Tomcat, Spring) and the .NET appSettings form
// `<add key="DbPassword" value="…" />`, where, as with env entries, only the key's name says it is a secret.
import { isPlainValue, REDACTED } from './mask.js';
import { isSecretKey } from './secret-key.js';

/** An element on one line, its name (with an optional namespace prefix), attributes, then text or CDATA. */
const ELEMENT =
  /<((?:[A-Za-z0-9_.-]{1,64}:)?([A-Za-z0-9_.-]{1,128}))((?:[ \t][^<>\n]{0,1024})?)>(<!\[CDATA\[[^\]\n]{0,8192}\]\]>|[^<\n]{1,8192})<\/\1>/g;
/** `key="…" value="…"` or `name="…" value="…"` in one tag. */
const ATTRIBUTES =
  /(?<![A-Za-z0-9_:-])((?:key|name)[ \t]{0,4}=[ \t]{0,4})(["'])([A-Za-z0-9_.:-]{1,128})\2([ \t]{1,64}value[ \t]{0,4}=[ \t]{0,4})(["'])([^"'\n]{0,4096})\5/gi;

const cdataBody = (content: string): string => (content.startsWith('<![CDATA[') ? content.slice(9, -3) : content);

export function redactMarkup(text: string): string {
  if (!text.includes('<') && !text.includes('=')) return text;
  const out = text.replace(ELEMENT, (match, tag: string, local: string, attrs: string, content: string) =>
    isSecretKey(local) && !isPlainValue(cdataBody(content).trim()) ? `<${tag}${attrs}>${REDACTED}</${tag}>` : match,
  );
  return out.replace(
    ATTRIBUTES,
    (match, head: string, q: string, key: string, between: string, vq: string, value: string) =>
      isSecretKey(key) && !isPlainValue(value) ? `${head}${q}${key}${q}${between}${vq}${REDACTED}${vq}` : match,
  );
}
