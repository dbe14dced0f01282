output "cluster_name" {
  description = "aws eks update-kubeconfig --name <this> --region <region>"
  value       = module.eks.cluster_name
}

output "agent_role_arn" {
  description = "Annotate the agent ServiceAccount with eks.amazonaws.com/role-arn: <this>."
  value       = module.agent_role.role_arn
}

output "anthropic_api_key_secret_name" {
  description = "Put the key here: aws secretsmanager put-secret-value --secret-id <this> --secret-string ..."
  value       = module.secrets.anthropic_api_key_secret_name
}

output "redis_connection_secret_arn" {
  description = "Secret with ConnectionStrings__Redis for the agent (TLS and AUTH token included)."
  value       = module.redis.connection_secret_arn
}

output "redis_primary_endpoint" {
  description = "Primary endpoint of the ElastiCache replication group."
  value       = module.redis.primary_endpoint
}
