/** Bytes from commented hex: whitespace and `// …` comments are ignored. */
export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+|\/\/[^\n]*/g, ""), "hex"));
