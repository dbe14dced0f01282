output "cluster_name" {
  description = "Name of the cluster (aws eks update-kubeconfig --name ...)."
  value       = aws_eks_cluster.this.name
}

output "cluster_endpoint" {
  description = "API server endpoint."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_security_group_id" {
  description = "Security group EKS gives the control plane and the managed nodes."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "ARN of the cluster's OIDC provider, trusted by IRSA roles."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "oidc_issuer" {
  description = "Issuer URL of the cluster's service account tokens."
  value       = aws_eks_cluster.this.identity[0].oidc[0].issuer
}
