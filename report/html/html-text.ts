/**
 * Text that goes into a generated HTML page (run report, experiment summary): user text escaped, JSON and inlined
 * scripts that cannot close their own <script> element early. Shared so that every page escapes the same way.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** JSON that cannot close its <script> element early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A JSON payload the page reads with `JSON.parse(document.getElementById(id).textContent)`. */
export function jsonScriptTag(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${jsonForScript(value)}</script>`;
}

/** Code inlined into the page: a `</script` inside it (in a string, say) would end the element. */
export function scriptTag(code: string): string {
  return `<script>${code.replace(/<\/script/gi, '<\\/script')}</script>`;
}
