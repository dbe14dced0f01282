output "role_arn" {
  description = "ARN to put in the service account's eks.amazonaws.com/role-arn annotation."
  value       = aws_iam_role.this.arn
}
