// "使用我现在的位置": fills the hidden latitude/longitude of a form from the phone's location.
// No map and nothing from the internet: only the browser's own geolocation.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-locate]");
  if (!button) return;
  var form = button.form;
  var status = form.querySelector("[data-locate-status]");
  if (!navigator.geolocation) {
    status.textContent = "此浏览器不能获取位置，请在上面写明具体位置。";
    return;
  }
  status.textContent = "正在获取位置…";
  navigator.geolocation.getCurrentPosition(
    function (pos) {
      form.querySelector("[name=latitude]").value = pos.coords.latitude.toFixed(6);
      form.querySelector("[name=longitude]").value = pos.coords.longitude.toFixed(6);
      status.textContent = "已获取位置（精度约 " + Math.round(pos.coords.accuracy) + " 米）";
    },
    function () {
      status.textContent = "没有获取到位置，请在上面写明具体位置。";
    },
    { enableHighAccuracy: true, timeout: 10000 }
  );
});
