output "kms_key_arn" {
  description = "KMS key that encrypts the secrets; readers need kms:Decrypt on it."
  value       = aws_kms_key.this.arn
}

output "anthropic_api_key_secret_arn" {
  description = "ARN of the secret that holds the Anthropic API key."
  value       = aws_secretsmanager_secret.anthropic_api_key.arn
}

output "anthropic_api_key_secret_name" {
  description = "Name of the secret that holds the Anthropic API key."
  value       = aws_secretsmanager_secret.anthropic_api_key.name
}
