from odoo import api, models
from odoo.exceptions import AccessError


class AftersalesWorkflowMixin(models.AbstractModel):
    """Workflow fields that only a model's actions write.

    A model lists its workflow fields (state, who decided and when, documents made, amounts
    settled) in ``_workflow_fields``. ``write`` and ``create`` refuse them to every caller but
    the model's own actions, which write them with ``_write_workflow`` once their guards have
    passed. The mark of an action is superuser mode: no RPC call runs in it, whereas a
    context key can be sent by any RPC caller. ``readonly`` in a view protects only the form.
    """

    _name = "aftersales.workflow.mixin"
    _description = "Workflow Fields Written by Actions Only"

    @api.model
    def _workflow_fields(self):
        return set()

    @api.model
    def _stored_field_names(self):
        """Every stored field but the ORM's own columns: the workflow fields of a model whose
        records only its actions and jobs write."""
        return {
            name
            for name, field in self._fields.items()
            if field.store and name not in models.MAGIC_COLUMNS
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_workflow_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_workflow_fields(vals)
        return super().write(vals)

    @api.model
    def _refuse_workflow_fields(self, vals):
        if self.env.su:
            return
        forbidden = self._workflow_fields() & vals.keys()
        if forbidden:
            raise AccessError(
                self.env._(
                    "%(fields)s of a %(document)s change only through its buttons.",
                    fields=", ".join(sorted(self._fields[name].string for name in forbidden)),
                    document=self.env["ir.model"]._get(self._name).name,
                )
            )

    def _write_workflow(self, vals):
        """Write workflow fields, for the actions once their guards have passed. Superuser
        mode keeps the acting user, whom tracking and the chatter name."""
        return self.sudo().write(vals)

    def _ensure_can_write(self):
        """The actions write in superuser mode: check first that the user may change these
        records at all (access rights and record rules)."""
        self.check_access("write")
