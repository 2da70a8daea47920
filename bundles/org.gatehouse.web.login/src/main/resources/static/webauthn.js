// Passkeys on the Gatehouse login pages. The page carries the WebAuthn options as JSON (binary
// values base64url-encoded) in <script type="application/json" id="FIELD-options">; this script
// turns them into what navigator.credentials expects, asks the browser, and submits the answer
// (binary values base64url-encoded again) in the hidden input FIELD. No inline script: the page's
// Content-Security-Policy allows only scripts from this origin.
(function () {
  'use strict';
  function fromB64url(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) { s += '='; }
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }
  function toB64url(buf) {
    var bytes = new Uint8Array(buf), s = '';
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function decodeOptions(o, mode) {
    o = JSON.parse(JSON.stringify(o));
    o.challenge = fromB64url(o.challenge);
    if (mode === 'create' && o.user && typeof o.user.id === 'string') { o.user.id = fromB64url(o.user.id); }
    ['excludeCredentials', 'allowCredentials'].forEach(function (k) {
      (o[k] || []).forEach(function (c) { c.id = fromB64url(c.id); });
    });
    return o;
  }
  function encodeCredential(c) {
    var r = c.response, out = {
      id: c.id, rawId: toB64url(c.rawId), type: c.type,
      authenticatorAttachment: c.authenticatorAttachment || null,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64url(r.clientDataJSON) }
    };
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      out.response.userHandle = r.userHandle ? toB64url(r.userHandle) : null;
    }
    return JSON.stringify(out);
  }
  function start(field) {
    var input = document.getElementById(field);
    var mode = input.getAttribute('data-webauthn');
    var options = decodeOptions(JSON.parse(document.getElementById(field + '-options').textContent), mode);
    var call = mode === 'create' ? navigator.credentials.create({ publicKey: options }) : navigator.credentials.get({ publicKey: options });
    call.then(function (credential) {
      input.value = encodeCredential(credential);
      var form = document.getElementById('login-form'), action = document.createElement('input');
      action.type = 'hidden'; action.name = 'action'; action.value = 'submit';
      form.appendChild(action);
      // not form.submit(): the page's button id="submit" shadows that method (a TypeError)
      HTMLFormElement.prototype.submit.call(form);
    }).catch(function (e) {
      var err = document.getElementById('webauthn-error');
      if (!err) {
        err = document.createElement('div'); err.id = 'webauthn-error'; err.className = 'error'; err.setAttribute('role', 'alert');
        input.parentNode.insertBefore(err, input);
      }
      err.textContent = e && e.name ? e.name : 'WebAuthn failed';
    });
  }
  document.querySelectorAll('button.webauthn').forEach(function (b) {
    b.addEventListener('click', function () { start(b.getAttribute('data-field')); });
  });
  // The prompt's first button ("Use a passkey", "Create passkey", or Enter in a text field) submits
  // the form: before the browser was asked it would send no passkey at all, so it asks the browser.
  var form = document.getElementById('login-form');
  if (form) {
    form.addEventListener('submit', function (e) {
      var by = e.submitter, input = form.querySelector('input[data-webauthn]');
      if (by && by.name === 'action' && by.value === 'submit' && input && !input.value) {
        e.preventDefault();
        start(input.id);
      }
    });
  }
}());
