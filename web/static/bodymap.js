/* The body map of the pain places: a progressive enhancement of the checkboxes below it.
   Reveals the map (hidden without script), ticks or unticks a region's checkbox when its
   patch is clicked or tapped, and shades the patches of the ticked regions, also when a
   checkbox is ticked by hand. The checkboxes stay what is posted, and what the keyboard
   and screen readers use: the map is for pointing only. */
(function () {
  "use strict";
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

  patches.forEach(function (patch) {
    patch.addEventListener("click", function () {
      toggle(patch);
    });
  });
  form.addEventListener("change", shade);
  shade();
  map.hidden = false;
})();
