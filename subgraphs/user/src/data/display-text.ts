// Text that other users see (display names) or that identifies an account (emails): normalised to NFC so one name
// has one encoding, and refused when it holds control characters (ANSI escapes, NUL), bidirectional overrides that
// reorder what readers see, or nothing visible at all.

// C0/C1 controls; bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the LRM/RLM/ALM marks.
const CONTROL_OR_BIDI = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Marks, formats (zero-width joiners…), separators and the blank fillers Unicode draws as nothing.
const INVISIBLE = /^[\p{M}\p{Cf}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800]*$/u;

export type TextProblem = "control" | "invisible";

/** The NFC form of `text`, trimmed, or the reason it is refused. Pure. */
export function cleanDisplayText(text: string): { value: string } | { problem: TextProblem } {
  const value = text.normalize("NFC").trim();
  if (CONTROL_OR_BIDI.test(value)) return { problem: "control" };
  if (INVISIBLE.test(value)) return { problem: "invisible" };
  return { value };
}
