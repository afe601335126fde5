# Single-server K3s cluster on Proxmox through Cluster API.
# Placeholders are dollar-brace VAR; every one is validated before substitution (see ClusterTemplateVariable).
# The provisioner adds its own labels and annotations to every object after rendering.
apiVersion: v1
kind: Namespace
metadata:
  name: ${CLUSTER_NAME}
  labels:
    ephemeral: "true"
    pr: "${PR_NUMBER}"
    repo: "${REPOSITORY}"
---
apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: ${CLUSTER_NAME}
  namespace: ${CLUSTER_NAME}
  labels:
    ephemeral: "true"
    pr: "${PR_NUMBER}"
    repo: "${REPOSITORY}"
spec:
  clusterNetwork:
    pods:
      cidrBlocks:
        - 10.42.0.0/16
    services:
      cidrBlocks:
        - 10.43.0.0/16
    serviceDomain: cluster.local
  controlPlaneRef:
    apiGroup: controlplane.cluster.x-k8s.io
    kind: KThreesControlPlane
    name: ${CLUSTER_NAME}-control-plane
  infrastructureRef:
    apiGroup: infrastructure.cluster.x-k8s.io
    kind: ProxmoxCluster
    name: ${CLUSTER_NAME}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
kind: ProxmoxCluster
metadata:
  name: ${CLUSTER_NAME}
  namespace: ${CLUSTER_NAME}
  labels:
    ephemeral: "true"
spec:
  controlPlaneEndpoint:
    host: ${CLUSTER_IP}
    port: 6443
  ipv4Config:
    addresses:
      - ${NODE_IP}-${NODE_IP}
    prefix: ${IP_PREFIX}
    gateway: ${GATEWAY}
  dnsServers:
    - ${DNS_SERVER}
  allowedNodes:
    - ${PROXMOX_NODE}
  credentialsRef:
    name: ${PROXMOX_CREDENTIALS_SECRET}
    namespace: ${PROXMOX_CREDENTIALS_NAMESPACE}
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: KThreesControlPlane
metadata:
  name: ${CLUSTER_NAME}-control-plane
  namespace: ${CLUSTER_NAME}
  labels:
    ephemeral: "true"
spec:
  replicas: 1
  version: ${K3S_VERSION}
  machineTemplate:
    infrastructureRef:
      apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
      kind: ProxmoxMachineTemplate
      name: ${CLUSTER_NAME}-control-plane
  kthreesConfigSpec:
    serverConfig:
      # Traefik, local-path-provisioner and servicelb stay enabled (K3s defaults).
      tlsSan:
        - ${CLUSTER_IP}
        - ${DNS_NAME}
    agentConfig:
      nodeName: "{{ ds.meta_data.local_hostname }}"
      kubeletArgs:
        - provider-id=proxmox://{{ ds.meta_data.instance_id }}
    preK3sCommands:
      - mkdir -p /var/lib/rancher/k3s/server/manifests
    files:
      - path: /var/lib/rancher/k3s/server/manifests/kube-vip.yaml
        owner: root:root
        permissions: "0644"
        content: |
          apiVersion: v1
          kind: Pod
          metadata:
            name: kube-vip
            namespace: kube-system
          spec:
            hostNetwork: true
            containers:
              - name: kube-vip
                image: ghcr.io/kube-vip/kube-vip:v0.8.7
                args: ["manager"]
                env:
                  - name: cp_enable
                    value: "true"
                  - name: vip_arp
                    value: "true"
                  - name: port
                    value: "6443"
                  - name: address
                    value: "${CLUSTER_IP}"
                securityContext:
                  capabilities:
                    add: ["NET_ADMIN", "NET_RAW"]
---
apiVersion: infrastructure.cluster.x-k8s.io/v1alpha1
kind: ProxmoxMachineTemplate
metadata:
  name: ${CLUSTER_NAME}-control-plane
  namespace: ${CLUSTER_NAME}
  labels:
    ephemeral: "true"
spec:
  template:
    spec:
      sourceNode: ${PROXMOX_NODE}
      templateID: ${PROXMOX_TEMPLATE_ID}
      format: qcow2
      full: true
      numSockets: 1
      numCores: ${CPU_CORES}
      memoryMiB: ${MEMORY_MIB}
      disks:
        bootVolume:
          disk: scsi0
          sizeGb: ${DISK_GB}
      network:
        default:
          bridge: ${NETWORK_BRIDGE}
          model: virtio
      checks:
        skipCloudInitStatus: false
        skipQemuGuestAgent: false
