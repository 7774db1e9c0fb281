// @trt2/gsm-charset-utils ships no typings; these describe the part of its README we call.
declare module '@trt2/gsm-charset-utils' {
  export interface CharCount {
    charCount: number;
    msgCount: number;
    charsPerSegment: number;
    encoding: 'GSM' | 'UCS2';
  }
  export function getCharCount(text: string): CharCount;
  export function isGsmChar(c: string): boolean;
  export function removeNonGsmChars(text: string, replacementChar?: string): string;
}
