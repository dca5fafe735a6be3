/* Dashboard charts (ECharts, served from /static/vendor/echarts/): each [data-chart] element names the
   <script type="application/json"> holding its data; no inline script. A click on a bar of the
   "children" chart opens that child's dashboard. */
(function () {
  "use strict";
  var palette = ["#c0392b", "#2e86c1", "#27ae60", "#d68910", "#8e44ad", "#16a085", "#7f8c8d", "#e67e22"];
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  var builders = {
    trend: function (d) {
      return {
        color: palette, tooltip: { trigger: "axis" }, legend: { top: 0, data: ["受理", "办结"] },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: "category", data: d.labels }, yAxis: { type: "value", minInterval: 1 },
        series: [{ name: "受理", type: "line", smooth: true, data: d.submitted },
                 { name: "办结", type: "line", smooth: true, data: d.closed }]
      };
    },
    rates: function (d) {
      return {
        color: palette, tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "无数据" : v + "%"; } },
        legend: { top: 0 }, grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: "category", data: d.labels }, yAxis: { type: "value", min: 0, max: 100 },
        series: d.series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: false }; })
      };
    },
    category: function (d) {
      return {
        color: palette, tooltip: {}, grid: { left: 110, right: 16, top: 10, bottom: 24 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: d.map(function (r) { return r[0]; }) },
        series: [{ type: "bar", data: d.map(function (r) { return r[1]; }) }]
      };
    },
    channel: function (d) {
      return {
        color: palette, tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
        series: [{ type: "pie", radius: ["35%", "70%"], data: d.map(function (r) { return { name: r[0], value: r[1] }; }) }]
      };
    },
    children: function (d) {
      return {
        color: palette, tooltip: { formatter: "{b}：{c} 件（点击查看）" }, grid: { left: 40, right: 16, top: 10, bottom: 60 },
        xAxis: { type: "category", data: d.labels, axisLabel: { rotate: 30 } }, yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: d.values, cursor: "pointer" }]
      };
    }
  };
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var kind = el.getAttribute("data-chart"), d = data(el.getAttribute("data-source"));
    if (!d || !window.echarts) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var option = builders[kind](d);
    option.animation = false;  // figures, not a show: drawn at once
    chart.setOption(option);
    if (kind === "children") {
      chart.on("click", function (p) { if (d.urls[p.dataIndex]) { window.location.href = d.urls[p.dataIndex]; } });
    }
    el.setAttribute("data-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
