import { Component, onWillStart, useState } from "@odoo/owl";
import { formatCurrency } from "@web/core/currency";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

import { WarrantyDashboardCard } from "./warranty_dashboard_card";

// the existing lists and reports a click opens, on the domain of the figure
const ACTIONS = {
    claims: "aftersales_warranty.action_claims",
    claimAnalysis: "aftersales_warranty.action_claim_analysis",
    costSplit: "aftersales_warranty.action_claim_cost_split",
    leadTimes: "aftersales_warranty.action_claim_lead_times",
    failureRate: "aftersales_warranty.action_failure_rate_summary",
    recovery: "aftersales_warranty.action_recovery_analysis",
    reserve: "aftersales_warranty.action_warranty_reserve",
};

/**
 * Warranty dashboard: the work queue, the claims and their cost in a period, failure rates,
 * vendor recovery and (for managers) the warranty reserve. The figures come from
 * ``aftersales.warranty.dashboard.get_dashboard_data``, each with the domain of what it
 * counts: a click opens the matching list or report on that domain.
 */
export class WarrantyDashboard extends Component {
    static template = "aftersales_warranty.WarrantyDashboard";
    static components = { Card: WarrantyDashboardCard, Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.periods = [
            { key: "month", label: _t("This Month") },
            { key: "3_months", label: _t("Last 3 Months") },
            { key: "12_months", label: _t("Last 12 Months") },
            { key: "ytd", label: _t("Year to Date") },
        ];
        this.actions = ACTIONS;
        this.labels = {
            myReviews: _t("Waiting for My Review"),
            lateApproval: _t("Past Approval Target"),
            lateResolution: _t("Past Resolution Target"),
        };
        this.state = useState({ period: this.props.state?.period || "month", data: null });
        useSetupAction({ getLocalState: () => ({ period: this.state.period }) });
        onWillStart(() => this.load(this.state.period));
    }

    async load(period) {
        const data = await this.orm.call("aftersales.warranty.dashboard", "get_dashboard_data", [
            period,
        ]);
        this.state.period = period;
        this.state.data = data;
    }

    async onPeriod(period) {
        if (period !== this.state.period) {
            await this.load(period);
        }
    }

    /** Open an existing action (by xmlid) on the domain of a figure. */
    async open(xmlid, domain, name) {
        const action = await this.action.loadAction(xmlid);
        await this.action.doAction({
            ...action,
            name: name || action.name,
            display_name: name || action.display_name,
            domain: [...(domain || [])],
            views: action.views.filter(([, type]) => type !== "search"),
        });
    }

    money(amount) {
        return formatCurrency(amount || 0, this.state.data.currency_id);
    }

    dateTime(value) {
        return formatDateTime(deserializeDateTime(value));
    }

    number(value, digits = 1) {
        if (value === false || value === null || value === undefined) {
            return "-";
        }
        return formatFloat(value, { digits: [false, digits] });
    }

    percent(value) {
        if (value === false || value === null || value === undefined) {
            return "-";
        }
        return `${formatFloat(value, { digits: [false, 1] })} %`;
    }
}

registry.category("actions").add("aftersales_warranty.warranty_dashboard", WarrantyDashboard);
