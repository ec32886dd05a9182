# A root module that calls the stack synthesized in module mode (configs/examples/module.yaml):
#
#   ECS_CONFIG=configs/examples/module.yaml npm run synth
#   cd examples/module-root && terraform init && terraform plan
#
# The generated module configures no provider and no backend: both are set here.

terraform {
  required_version = ">= 1.7"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  # The module writes this region into its log configuration: keep the two the same.
  region = "eu-west-1"
  default_tags {
    tags = {
      "managed-by"  = "cdktf-ecs-ec2"
      "ecs-cluster" = "demo-module"
    }
  }
}

variable "web_image" {
  type        = string
  description = "Image of the web container."
  default     = "public.ecr.aws/nginx/nginx:1.27"
}

module "ecs" {
  source = "../../cdktf.out/stacks/demo-module"

  vpc_id                   = "vpc-0123456789abcdef0"
  host_subnet_ids          = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  load_balancer_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  certificate_arns         = { public = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000" }
  images                   = { "web/web" = var.web_image }
  desired_counts           = { web = 3 }
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = module.ecs.cluster_name
}

output "load_balancer_dns_name" {
  description = "DNS name of the public load balancer."
  value       = module.ecs.lb_public_dns_name
}

output "web_target_group_arns" {
  description = "Target groups of the web service."
  value       = module.ecs.service_web_target_group_arns
}
