// Host link names of tests, in CommonJS so that both the lab sweep (an ES module run by node) and
// the tests (Playwright loads them as CommonJS, and cannot load an ES module from there) share it.
//
// Interface names hold 15 characters, too few for a whole time: tests name host veth pairs
// `hv<last 6 base-36 digits of Date.now()><tag>` (tests/support/lab.ts `hostLinkName`), and the
// sweep reads the time back modulo 36^6 ms (about 25 days).
'use strict';

const SHORT = 36 ** 6;
const HOST_LINK = /^hv([0-9a-z]{6})[0-9a-z-]*$/;

function shortStamp(now = Date.now()) {
  return (now % SHORT).toString(36).padStart(6, '0');
}

/** How long ago a host link of a test was made (within ~25 days), or null for a name no test made. */
function hostLinkAge(name, now = Date.now()) {
  const m = HOST_LINK.exec(name);
  if (!m) return null;
  return (((now % SHORT) - parseInt(m[1], 36)) % SHORT + SHORT) % SHORT;
}

exports.HOST_LINK = HOST_LINK;
exports.shortStamp = shortStamp;
exports.hostLinkAge = hostLinkAge;
