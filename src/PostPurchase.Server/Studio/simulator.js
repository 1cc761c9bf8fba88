// The simulator page's only script (CSP script-src 'self'): changing the journey, version or sample loads it at once.
(function () {
    'use strict';
    var choose = document.getElementById('choose');
    if (!choose) return;
    choose.querySelectorAll('select.autosubmit').forEach(function (select) {
        select.addEventListener('change', function () {
            // A different journey starts from its published version.
            if (select.name === 'definitionId') choose.elements.version.value = '';
            choose.submit();
        });
    });
    choose.setAttribute('data-ready', 'true'); // the page's controls are live (tests wait for this)
    // One click, one test: the button stays disabled while the page posts.
    document.querySelectorAll('form.test-send, form#run').forEach(function (form) {
        form.addEventListener('submit', function () {
            var button = form.querySelector('button[type=submit]');
            if (button) window.setTimeout(function () { button.disabled = true; }, 0);
        });
    });
})();
