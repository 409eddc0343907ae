// Deterministic SVG avatars, so profile and contact pictures load from loopback.

import { createHash } from 'node:crypto';

const PALETTE = ['#1a73e8', '#d93025', '#188038', '#e37400', '#9334e6', '#007b83', '#c5221f'];

/** An SVG image showing the initials of `label` on a colour picked from `label`. */
export function avatarSvg(label) {
  const text = String(label || '?');
  const initials =
    text
      .split(/[\s._-]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0].toUpperCase())
      .join('') || '?';
  const digest = createHash('sha256').update(text).digest();
  const colour = PALETTE[digest[0] % PALETTE.length];

  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">',
    `<circle cx="48" cy="48" r="48" fill="${colour}"/>`,
    '<text x="48" y="60" font-family="sans-serif" font-size="36" text-anchor="middle"',
    ` fill="#fff">${escapeXml(initials)}</text>`,
    '</svg>',
  ].join('');
}

function escapeXml(text) {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
