output "primary_endpoint" {
  description = "Address of the primary (writes); fails over with the group."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}

output "connection_secret_arn" {
  description = "Secret holding the connection string (TLS and AUTH token included)."
  value       = aws_secretsmanager_secret.connection.arn
}
