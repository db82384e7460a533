# Alerts on spend, it stops nothing: a runaway worker or an unpaused database still costs money
# until someone acts on the e-mail.
resource "azurerm_consumption_budget_resource_group" "main" {
  name              = "budget-${local.name}-${var.environment}"
  resource_group_id = azurerm_resource_group.main.id
  amount            = var.budget_amount
  time_grain        = "Monthly"

  time_period {
    # Azure wants the first day of a month, not in the past at creation; later plans must not
    # move it, hence ignore_changes below.
    start_date = formatdate("YYYY-MM-01'T'00:00:00Z", timestamp())
  }

  notification {
    enabled        = true
    threshold      = 80
    threshold_type = "Actual"
    operator       = "GreaterThanOrEqualTo"
    contact_emails = [var.budget_contact_email]
  }

  notification {
    enabled        = true
    threshold      = 100
    threshold_type = "Forecasted"
    operator       = "GreaterThanOrEqualTo"
    contact_emails = [var.budget_contact_email]
  }

  lifecycle {
    ignore_changes = [time_period]
  }
}
