# Optional: the API already serves the console on its own origin (docs/console.md), and the
# console calls /graphql and /auth/config relative to the page. Hosting it here also needs a
# route from this origin to the API (a linked backend, Standard tier) or an API base URL in the
# console plus CORS on the API; neither exists yet, hence off by default.
resource "azurerm_static_web_app" "console" {
  count = var.static_web_app_enabled ? 1 : 0

  name                = "swa-${local.name}-console"
  resource_group_name = azurerm_resource_group.main.name
  location            = var.static_web_app_location
  sku_tier            = "Free"
  sku_size            = "Free"

  tags = local.tags
}
