/** The type comes from the bytes: real signatures pass, look-alikes and renamed files do not. */
import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../src/image-sniffing.ts';
import { IMAGES } from './image-fixtures.ts';

describe('sniffImageType', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
  ] as const)('recognises %s from its magic number', (name, contentType) => {
    expect(sniffImageType(IMAGES[name])?.contentType).toBe(contentType);
  });

  it.each([
    ['an SVG (scripts)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['HTML', Buffer.from('<!doctype html><html></html>')],
    ['a PDF', Buffer.from('%PDF-1.7\n')],
    ['a RIFF that is not WebP (WAV)', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')],
    ['a truncated PNG signature', IMAGES.png.subarray(0, 5)],
    ['an ELF binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffImageType(bytes)).toBeNull();
  });
});
