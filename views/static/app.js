// Served from the app itself (the CSP allows no inline script). Everything here only helps: every page works without it.
'use strict';

// A refused form: move focus to the error summary, so a screen reader reads it and the keyboard starts there.
(function focusErrorSummary() {
  var summary = document.querySelector('main .error-summary');
  if (!summary) return;
  if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
  summary.focus();
})();
