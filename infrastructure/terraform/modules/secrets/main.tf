# The model provider's API key in Secrets Manager, encrypted with a key of its own. Terraform creates the
# secret but never holds the value: put it with
#   aws secretsmanager put-secret-value --secret-id <name> --secret-string "$ANTHROPIC_API_KEY"
# so it never lands in the Terraform state.
resource "aws_kms_key" "this" {
  description         = "Secrets of ${var.name}"
  enable_key_rotation = true
  tags                = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${replace(var.name, "/", "-")}-secrets"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_secretsmanager_secret" "anthropic_api_key" {
  name                    = "${var.name}/anthropic-api-key"
  description             = "Anthropic API key of the agent (mounted as agent-secrets/anthropic-api-key)."
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags
}
