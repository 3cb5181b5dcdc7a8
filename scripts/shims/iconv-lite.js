// Bundled in place of iconv-lite (≈ 480 KB of code-page tables). Only @inquirer/external-editor
// (the `editor` prompt, which this tool does not use) reaches it, to decode the edited temp
// file; it checks encodingExists() first and falls back to UTF-8, so the encodings Node knows
// natively are enough.
const NATIVE = {
  utf8: "utf8",
  utf16le: "utf16le",
  ucs2: "utf16le",
  latin1: "latin1",
  iso88591: "latin1",
  binary: "latin1",
  ascii: "ascii",
  usascii: "ascii",
  base64: "base64",
  hex: "hex",
};
const native = (encoding) =>
  NATIVE[
    String(encoding ?? "utf8")
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
  ];
export function encodingExists(encoding) {
  return native(encoding) !== undefined;
}
export function decode(buffer, encoding) {
  return Buffer.from(buffer).toString(native(encoding) ?? "utf8");
}
export function encode(text, encoding) {
  return Buffer.from(String(text), native(encoding) ?? "utf8");
}
export default { encodingExists, decode, encode };
