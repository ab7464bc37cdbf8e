from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import remedy

PRICE_REDUCTION_METHODS = [
    ("defect_class", "Share of the Price by Defect Class"),
    ("repair_cost", "Repair Cost"),
    ("entered", "Entered by the Handler"),
]


def _number(value):
    """12000.0 -> '12000', 1.5 -> '1.5'."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


class AftersalesRemedyRuleSet(models.Model):
    """A warranty remedy regime (statutory or contractual) as data: ordered rules and options.

    The evaluation itself is plain Python (`aftersales_warranty.remedy`); this model stores the
    rules, turns them into a `remedy.RuleSet` and explains the verdict in words.
    """

    _name = "aftersales.remedy.rule.set"
    _description = "Remedy Rule Set"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        copy=False, help="Short technical reference, unique per company (e.g. CN_HOUSEHOLD)."
    )
    country_id = fields.Many2one("res.country", help="Country whose law the set encodes.")
    source = fields.Char(help="Legal reference or document the rules come from.")
    source_url = fields.Char(string="Source URL")
    effective_date = fields.Date(help="Date from which the source applies.")
    description = fields.Html(
        translate=True,
        help="What the set encodes and its limits. Say that it is not legal advice.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the set with every company."
    )
    rule_ids = fields.One2many("aftersales.remedy.rule", "rule_set_id", string="Rules", copy=True)
    rule_count = fields.Integer(compute="_compute_rule_count")
    exclude_repair_time = fields.Boolean(
        string="Exclude Time in Repair",
        help="Days the unit spends in warranty repair do not count toward the warranty period.",
    )
    replacement_restarts_warranty = fields.Boolean(
        help="A replacement unit starts a new warranty period."
    )
    loaner_after_days = fields.Integer(
        string="Loaner After (days)",
        help="A loaner (or a similar product) is due once a repair lasts more than this many "
        "days. 0: no loaner rule.",
    )
    repair_extension_months = fields.Integer(
        string="Repair Extension (months)",
        help="When repair is the remedy, the liability period is extended once by this many "
        "months (EU 2024/1799). 0: no extension.",
    )
    service_time_days = fields.Integer(
        string="Service Time (Days)",
        help="The statutory or reasonable time to complete a warranty repair when the intake "
        "agrees none and the product category gives none; once it has passed without a fix "
        "the repair is overdue. 0: none.",
    )
    require_agreed_service_time = fields.Boolean(
        string="Service Time on Intake Required",
        help="The law requires the service time on the intake document: a claim cannot be "
        "submitted without it.",
    )
    price_reduction_method = fields.Selection(
        PRICE_REDUCTION_METHODS,
        required=True,
        default="entered",
        help="How a claim's price reduction is proposed (the handler may change it; it is "
        "never more than the price paid): a share of the price by defect class, the cost of "
        "the repair, or an amount the handler enters. A warranty policy may name another.",
    )
    price_reduction_minor = fields.Float(string="Minor Defect (% of Price)")
    price_reduction_major = fields.Float(string="Major Defect (% of Price)")
    price_reduction_serious = fields.Float(string="Serious Defect (% of Price)")
    repair_extension_from = fields.Date(
        help="The extension applies to repairs from this date (empty: always).",
    )

    _unique_code = models.UniqueIndex(
        "(code, COALESCE(company_id, 0)) WHERE code IS NOT NULL",
        "A rule set code must be unique per company.",
    )

    @api.depends("rule_ids")
    def _compute_rule_count(self):
        for rule_set in self:
            rule_set.rule_count = len(rule_set.rule_ids)

    @api.constrains("price_reduction_minor", "price_reduction_major", "price_reduction_serious")
    def _check_price_reduction_shares(self):
        for rule_set in self:
            shares = (
                rule_set.price_reduction_minor,
                rule_set.price_reduction_major,
                rule_set.price_reduction_serious,
            )
            if not all(0 <= share <= 100 for share in shares):
                raise ValidationError(
                    self.env._(
                        "Rule set '%s': a price reduction share is between 0 %% and 100 %%.",
                        rule_set.name,
                    )
                )

    def _price_reduction_shares(self):
        self.ensure_one()
        return {
            "minor": self.price_reduction_minor,
            "major": self.price_reduction_major,
            "serious": self.price_reduction_serious,
        }

    @api.constrains("loaner_after_days", "repair_extension_months", "service_time_days")
    def _check_options_not_negative(self):
        for rule_set in self:
            if (
                min(
                    rule_set.loaner_after_days,
                    rule_set.repair_extension_months,
                    rule_set.service_time_days,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Rule set '%(name)s': the loaner delay, the repair extension and the "
                        "service time cannot be negative (use 0 to switch them off).",
                        name=rule_set.name,
                    )
                )

    def copy_data(self, default=None):
        default = dict(default or {})
        vals_list = super().copy_data(default=default)
        if "name" not in default:
            for rule_set, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%s (copy)", rule_set.name)
        return vals_list

    def _to_rule_set(self):
        """This set and its rules as a plain `remedy.RuleSet`."""
        self.ensure_one()
        return remedy.RuleSet(
            name=self.name,
            code=self.code or None,
            rules=tuple(rule._to_rule() for rule in self.rule_ids),
            exclude_repair_time=self.exclude_repair_time,
            replacement_restarts_warranty=self.replacement_restarts_warranty,
            loaner_after_days=self.loaner_after_days,
            repair_extension_months=self.repair_extension_months,
            repair_extension_from=self.repair_extension_from or None,
        )

    def _evaluate(self, facts):
        """The `remedy.Verdict` of this set for `facts` (a `remedy.ClaimFacts`)."""
        self.ensure_one()
        return remedy.evaluate(self._to_rule_set(), facts)

    def _describe_verdict(self, verdict):
        """`verdict` (a `remedy.Verdict` or the data it stored) in sentences of the reader's
        language: the rule's name, the remedies and the classes by their translated labels."""
        self.ensure_one()
        _ = self.env._
        if isinstance(verdict, dict):
            verdict = remedy.Verdict.from_data(verdict)
        rule_model = self.env["aftersales.remedy.rule"]
        labels = {
            name: dict(rule_model._fields[name]._description_selection(self.env))
            for name in ("defect_class", "chooser", "escalation")
        }
        remedy_labels = rule_model._remedy_labels()
        if not verdict.matched:
            sentences = [_("No rule of '%s' matched: no remedy follows from this set.", self.name)]
        else:
            rule = rule_model.browse(verdict.rule_key or []).exists()
            rule_name = rule.name if rule else verdict.rule_name
            details = [
                self._describe_condition(key, threshold, actual, labels["defect_class"])
                for key, threshold, actual in verdict.conditions
            ]
            if details:
                sentences = [
                    _(
                        "Rule '%(rule)s' fired: %(details)s.",
                        rule=rule_name,
                        details="; ".join(details),
                    )
                ]
            else:
                sentences = [
                    _(
                        "Rule '%s' fired: it has no condition and applies to any claim.",
                        rule_name,
                    )
                ]
            if verdict.remedies:
                sentences.append(
                    _(
                        "Allowed remedies: %(remedies)s; chosen by the %(chooser)s.",
                        remedies=", ".join(remedy_labels[r] for r in verdict.remedies),
                        chooser=labels["chooser"][verdict.chooser].lower(),
                    )
                )
            else:
                sentences.append(_("The rule allows no remedy."))
            if verdict.escalation != "none":
                sentences.append(
                    _("Escalation: %s.", labels["escalation"][verdict.escalation].lower())
                )
        if verdict.loaner_required:
            sentences.append(
                _(
                    "A loaner is required: the repair has lasted more than %s days.",
                    self.loaner_after_days,
                )
            )
        return sentences

    def _describe_condition(self, key, threshold, actual, class_labels):
        _ = self.env._
        if key == "within_days":
            return _(
                "%(actual)s days since clock start (limit %(limit)s)",
                actual=actual,
                limit=threshold,
            )
        if key == "min_unresolved_repairs":
            return _(
                "%(actual)s unresolved repairs of the same defect (at least %(least)s)",
                actual=actual,
                least=threshold,
            )
        if key == "min_days_out_of_service":
            return _(
                "%(actual)s days out of service (at least %(least)s)",
                actual=actual,
                least=threshold,
            )
        if key == "min_days_in_current_repair":
            return _(
                "%(actual)s days in the current repair (at least %(least)s)",
                actual=actual,
                least=threshold,
            )
        if key == "if_repair_overdue":
            return _("the repair time ended without a fix")
        if key == "defect_class":
            return _(
                "%(actual)s defect (at least %(least)s)",
                actual=class_labels[actual].lower(),
                least=class_labels[threshold].lower(),
            )
        if key == "min_major_part_replacements":
            return _(
                "%(actual)s earlier replacements of this major part (at least %(least)s)",
                actual=actual,
                least=threshold,
            )
        if key == "min_serious_safety_repairs":
            return _(
                "%(actual)s earlier repairs of serious safety failures (at least %(least)s)",
                actual=actual,
                least=threshold,
            )
        if key == "if_performance_failure":
            return _("a performance failure")
        if key == "max_usage":
            if actual is None:
                return _("usage unknown (limit %s)", _number(threshold))
            return _(
                "usage %(actual)s (limit %(limit)s)",
                actual=_number(actual),
                limit=_number(threshold),
            )
        return f"{key}: {actual} ({threshold})"
