# The console as a static site. It is built with VITE_GPS_API_URL set to the API's URL (output
# console_build_command) and calls the API cross-origin, which the API allows through
# GPS_API_CORS_ORIGINS (container-apps.tf). The API serves the same console on its own origin too,
# so turning this off loses nothing but the CDN.
resource "azurerm_static_web_app" "console" {
  count = var.static_web_app_enabled ? 1 : 0

  name                = "swa-${local.name}-console"
  resource_group_name = azurerm_resource_group.main.name
  location            = var.static_web_app_location
  sku_tier            = "Free"
  sku_size            = "Free"

  tags = local.tags
}
