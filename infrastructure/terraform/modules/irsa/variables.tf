variable "name" {
  description = "Name of the IAM role."
  type        = string
}

variable "oidc_provider_arn" {
  description = "ARN of the EKS cluster's OIDC provider."
  type        = string
}

variable "oidc_issuer" {
  description = "Issuer URL of the cluster's service account tokens (https://oidc.eks...)."
  type        = string
}

variable "namespace" {
  description = "Namespace of the service account."
  type        = string
  default     = "production-agents"
}

variable "service_account" {
  description = "Name of the service account that assumes the role (the agent's, in the Kubernetes base)."
  type        = string
  default     = "agent"
}

variable "secret_arns" {
  description = "Secrets Manager secrets the service account may read."
  type        = list(string)
}

variable "kms_key_arns" {
  description = "KMS keys that encrypt those secrets."
  type        = list(string)
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
