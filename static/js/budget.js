// Participatory budget: the running total of the ticked projects while choosing (progressive
// enhancement: without JavaScript the page shows the total of the saved or refused choice).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-budget-total]");
  if (!form) return;
  const output = form.querySelector("#budget-chosen");
  const over = form.querySelector("#budget-over");
  const total = Number(form.dataset.budgetTotal);
  const format = new Intl.NumberFormat(output.dataset.grouping || document.documentElement.lang);
  const update = () => {
    let chosen = 0;
    form.querySelectorAll("input[data-cost]:checked").forEach((box) => { chosen += Number(box.dataset.cost); });
    output.querySelector("bdi").textContent = format.format(chosen);
    over.hidden = chosen <= total;
  };
  form.addEventListener("change", update);
  update();
});
