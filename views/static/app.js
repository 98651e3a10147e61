// Served from the app itself (the CSP allows no inline script). Everything here only helps: every page works without it.

// A refused form: move focus to the error summary, so a screen reader reads it and the keyboard starts there.
(function focusErrorSummary() {
  var summary = document.querySelector('main .error-summary');
  if (!summary) return;
  if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
  summary.focus();
})();

// An upload: show how much of the file has been sent (a big workbook takes a while on a slow line). The form still
// posts the same fields in the same order (the CSRF field before the file); without this script it posts as usual.
(function uploadProgress() {
  if (!window.XMLHttpRequest || !window.FormData) return;
  var forms = document.querySelectorAll('form[enctype="multipart/form-data"]');
  Array.prototype.forEach.call(forms, (form) => {
    form.addEventListener('submit', (event) => {
      var file = form.querySelector('input[type=file]');
      if (!file?.files || file.files.length === 0) return; // the server says «Velg en fil»
      event.preventDefault();
      var button = form.querySelector('button[type=submit], button:not([type])');
      if (button) button.disabled = true;
      var status = document.createElement('p');
      status.className = 'upload-progress';
      status.setAttribute('role', 'status');
      var bar = document.createElement('progress');
      bar.max = 100;
      bar.value = 0;
      var text = document.createElement('span');
      text.textContent = ' Sender filen …';
      status.appendChild(bar);
      status.appendChild(text);
      form.appendChild(status);
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.onprogress = (e) => {
        if (!e.lengthComputable) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.value = pct;
        text.textContent = ` Sendt ${pct} % av filen${pct === 100 ? ' – filen leses nå …' : ' …'}`;
      };
      xhr.onload = () => {
        // accepted: the preview the server redirected to
        if (xhr.responseURL && xhr.responseURL !== form.action && xhr.status < 400) {
          window.location.assign(xhr.responseURL);
          return;
        }
        // refused: send the form the ordinary way, so the server's own page with its message is shown at its address
        text.textContent = ' Filen ble ikke tatt imot – henter meldingen …';
        HTMLFormElement.prototype.submit.call(form);
      };
      xhr.onerror = () => {
        if (button) button.disabled = false;
        text.textContent = ' Filen kom ikke fram. Sjekk nettforbindelsen og prøv igjen.';
      };
      xhr.send(new FormData(form));
    });
  });
})();

// A code field of a large kontoplan (server/registers/code-chooser.ts): as the user types, ask the server for the
// matching codes and offer them in the field's shared <datalist>. Without this script the code is simply typed.
(function codeSearch() {
  if (!window.fetch) return;
  var inputs = document.querySelectorAll('input[data-code-search]');
  Array.prototype.forEach.call(inputs, (input) => {
    var timer = null;
    var asked = 0;
    var chosen = input.parentNode.querySelector('[data-code-chosen]');
    var search = () => {
      var q = input.value.trim();
      var mine = ++asked;
      var url = input.getAttribute('data-code-search');
      fetch(`${url}${url.indexOf('?') < 0 ? '?' : '&'}q=${encodeURIComponent(q)}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then((res) => (res.ok ? res.json() : { koder: [] }))
        .then((body) => {
          if (mine !== asked) return; // an older answer that came late
          var list = input.list;
          if (list) {
            while (list.firstChild) list.removeChild(list.firstChild);
            body.koder.forEach((k) => {
              var option = document.createElement('option');
              option.value = k.kode;
              option.textContent = k.label;
              list.appendChild(option);
            });
          }
          if (!chosen) return;
          var exact = body.koder.find((k) => k.kode === q);
          if (exact) chosen.textContent = `Valgt: ${exact.label}`;
          else if (q) chosen.textContent = body.koder.length ? `Ingen kode er nøyaktig «${q}». Velg et av treffene.` : `Ingen kode eller navn passer til «${q}».`;
        })
        .catch(() => {});
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener('focus', search);
  });
})();
