// Scan the QR code on a letter with the device camera, where the browser can (BarcodeDetector).
// Without it, or without JavaScript, the stembureau types the code: the form works the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-scanner]");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var input = document.getElementById("code");
  var video = box.querySelector("[data-scan-video]");
  var button = box.querySelector("[data-scan-start]");
  box.hidden = false;

  function codeFrom(text) {
    try { return new URL(text).searchParams.get("code") || text; } catch (e) { return text; }
  }

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function stop() { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; }
      function look() {
        detector.detect(video).then(function (found) {
          if (found.length) {
            input.value = codeFrom(found[0].rawValue);
            stop();
            document.getElementById("serial").focus();
          } else {
            window.requestAnimationFrame(look);
          }
        }).catch(stop);
      }
      look();
    }).catch(function () { input.focus(); });
  });
})();
