/* The body map of the pain places: a progressive enhancement of the checkboxes below it.
   Reveals the map (hidden without script), ticks or unticks a region's checkbox when its
   patch is clicked or tapped, and shades the patches of the ticked regions, also when a
   checkbox is ticked by hand. A tap that misses every patch by a little (a finger is wider
   than the eye's or a thumb's patch on a phone) goes to the nearest place within REACH
   screen pixels; farther off, nothing happens. The checkboxes stay what is posted, and
   what the keyboard and screen readers use: the map is for pointing only. */
(function () {
  "use strict";
  var REACH = 16;
  var map = document.getElementById("bodymap");
  if (!map) {
    return;
  }
  var form = map.closest("form");
  var patches = Array.prototype.slice.call(map.querySelectorAll("[data-region]"));
  var boxes = {};
  Array.prototype.forEach.call(form.querySelectorAll('input[type="checkbox"][name="pick"]'), function (box) {
    boxes[box.value] = box;
  });

  function shade() {
    patches.forEach(function (patch) {
      var box = boxes[patch.getAttribute("data-region")];
      patch.setAttribute("data-checked", box && box.checked ? "true" : "false");
    });
  }

  function toggle(patch) {
    var box = boxes[patch.getAttribute("data-region")];
    if (!box) {
      return;
    }
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function circles(patch) {
    return patch.getAttribute("data-at").split(";").map(function (c) {
      return c.split(" ").map(parseFloat);
    });
  }

  /* The patch of this panel whose edge is nearest the tap, if within REACH screen pixels. */
  function nearest(panel, event) {
    var inPanel = patches.filter(function (patch) {
      return patch.ownerSVGElement === panel;
    });
    if (!inPanel.length) {
      return null;
    }
    var ctm = inPanel[0].getScreenCTM();
    var at = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
    var best = null;
    var bestGap = REACH / Math.abs(ctm.a);
    inPanel.forEach(function (patch) {
      circles(patch).forEach(function (c) {
        var gap = Math.hypot(at.x - c[0], at.y - c[1]) - c[2];
        if (gap <= bestGap) {
          best = patch;
          bestGap = gap;
        }
      });
    });
    return best;
  }

  patches.forEach(function (patch) {
    patch.addEventListener("click", function (event) {
      event.stopPropagation();
      toggle(patch);
    });
  });
  Array.prototype.forEach.call(map.querySelectorAll("svg.panel"), function (panel) {
    panel.addEventListener("click", function (event) {
      var patch = nearest(panel, event);
      if (patch) {
        toggle(patch);
      }
    });
  });
  form.addEventListener("change", shade);
  shade();
  map.hidden = false;
})();
