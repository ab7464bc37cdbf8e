import { Component } from "@odoo/owl";

/** A clickable KPI card of the warranty dashboard; the default slot is its hint line. */
export class WarrantyDashboardCard extends Component {
    static template = "aftersales_warranty.WarrantyDashboardCard";
    static props = {
        kpi: String,
        title: String,
        value: [String, Number],
        onClick: Function,
        slots: { type: Object, optional: true },
    };
}
