# Production on AWS: VPC, EKS, ElastiCache Redis, the provider key in Secrets Manager, and the IAM role the
# agent's service account assumes to read its secrets. Deploy the Kubernetes overlay on the cluster afterwards.
module "vpc" {
  source = "../../modules/vpc"

  name               = var.name
  cluster_name       = var.name
  availability_zones = var.availability_zones
}

module "eks" {
  source = "../../modules/eks"

  cluster_name        = var.name
  vpc_id              = module.vpc.vpc_id
  subnet_ids          = module.vpc.private_subnet_ids
  public_access_cidrs = var.api_public_access_cidrs
}

module "secrets" {
  source = "../../modules/secrets"

  name = "agentry/production"
}

module "redis" {
  source = "../../modules/redis"

  name                      = var.name
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.private_subnet_ids
  client_security_group_ids = [module.eks.cluster_security_group_id]
  kms_key_arn               = module.secrets.kms_key_arn
}

module "agent_role" {
  source = "../../modules/irsa"

  name              = "${var.name}-agent"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  namespace         = var.namespace
  service_account   = "agent"
  secret_arns       = [module.secrets.anthropic_api_key_secret_arn, module.redis.connection_secret_arn]
  kms_key_arns      = [module.secrets.kms_key_arn]
}
