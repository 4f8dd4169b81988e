// Draws ShopTrip's toolbar and store icons (a shopping bag with a return
// arrow) as PNGs, so the repository carries no binary it cannot rebuild.
// Usage: node tools/make-icons.mjs  (writes extension/icons/icon-N.png)
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";

const BRAND = [11, 122, 117];
const WHITE = [255, 255, 255];

function crc32(bytes) {
  let c, crc = 0xffffffff;
  for (const b of bytes) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size, rgba) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; header[9] = 6; header[10] = 0; header[11] = 0; header[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0)),
  ]);
}

// The shape in unit coordinates (0..1): which colour a point has, if any.
function shade(x, y) {
  const inRounded = (x0, y0, x1, y1, r) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r), cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  if (!inRounded(0.04, 0.04, 0.96, 0.96, 0.22)) return null;
  // The bag's handle: a ring above the body.
  const hx = x - 0.5, hy = y - 0.36;
  const ring = Math.hypot(hx, hy);
  if (y < 0.42 && ring >= 0.12 && ring <= 0.18) return WHITE;
  // The bag's body.
  if (inRounded(0.24, 0.36, 0.76, 0.82, 0.06)) {
    // A tick cut out of the body: the trip is active.
    const d1 = Math.abs((y - 0.6) - (x - 0.36)) / Math.SQRT2; // rising left arm
    const d2 = Math.abs((y - 0.68) + (x - 0.44)) / Math.SQRT2; // falling right arm
    const onLeft = x >= 0.36 && x <= 0.45 && d1 < 0.035;
    const onRight = x >= 0.43 && x <= 0.66 && d2 < 0.035;
    return onLeft || onRight ? BRAND : WHITE;
  }
  return BRAND;
}

for (const size of [16, 32, 48, 128]) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
        }
      }
      const i = (py * size + px) * 4;
      if (a) { rgba[i] = r / a; rgba[i + 1] = g / a; rgba[i + 2] = b / a; }
      rgba[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  writeFileSync(new URL(`../extension/icons/icon-${size}.png`, import.meta.url), png(size, rgba));
}
