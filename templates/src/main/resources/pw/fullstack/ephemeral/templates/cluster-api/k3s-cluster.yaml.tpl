# Single-server K3s cluster on Proxmox through Cluster API.
# Placeholders are dollar-brace VAR; every one is validated before substitution (see ClusterTemplateVariable).
# The provisioner adds its own labels and annotations to every object after rendering.
# Two addresses per cluster: CLUSTER_IP is the control-plane VIP (kube-vip), NODE_IP the node's own
# address. The Proxmox provider's webhook refuses a node pool that contains the endpoint, so the two
# must differ (the templates module checks that before anything is applied).
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
  schedulerHints:
    memoryAdjustment: ${MEMORY_ADJUSTMENT}
  # The cluster's own copy (the provisioner writes it from the site's Secret): CAPMOX takes ownership of
  # the Secret it uses, and an owner in another namespace is no owner to the garbage collector.
  credentialsRef:
    name: ${PROXMOX_CREDENTIALS_SECRET}
    namespace: ${CLUSTER_NAME}
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
      # K3s's embedded cloud controller initialises the node (removes the "uninitialized" taint); the
      # provider's default would disable it and expect an external one. An empty cloudProviderName
      # keeps the provider from adding kubelet --cloud-provider=external.
      disableCloudController: ${K3S_DISABLE_CLOUD_CONTROLLER}
      cloudProviderName: ""
      tlsSan:
        - ${CLUSTER_IP}
        - ${DNS_NAME}
    agentConfig:
      nodeName: "{{ ds.meta_data.local_hostname }}"
      kubeletArgs:
        - provider-id=proxmox://{{ ds.meta_data.instance_id }}
    preK3sCommands:
      - mkdir -p /var/lib/rancher/k3s/server/manifests
      # SSH access as the seed gives it (keys appended for the user, 700/600, owned by the user), but the keys come
      # from the file of the last "files" entry, never as text of a command. That file is not written straight into
      # the home: cloud-init's write_files runs before the default user exists, and a file for an unknown owner
      # fails every file after it. These commands run later (runcmd), when the user does. No keys configured: the
      # file is empty and nothing is appended.
      - mkdir -p /home/${SSH_USER}/.ssh
      - chmod 700 /home/${SSH_USER}/.ssh
      - cat /etc/ephemeral-clusters/ssh-authorized-keys >> /home/${SSH_USER}/.ssh/authorized_keys
      - chmod 600 /home/${SSH_USER}/.ssh/authorized_keys
      # "user:" is the user and its login group.
      - "chown -R ${SSH_USER}: /home/${SSH_USER}/.ssh"
    files:
      # K3s applies everything in this directory once its API server is up: kube-vip as a DaemonSet on
      # control-plane nodes, with its ServiceAccount and RBAC, holding the VIP through leader election
      # (as kube-vip's "manifest daemonset --controlplane --arp --leaderElection" generates it).
      - path: /var/lib/rancher/k3s/server/manifests/kube-vip.yaml
        owner: root:root
        permissions: "0644"
        content: |
          apiVersion: v1
          kind: ServiceAccount
          metadata:
            name: kube-vip
            namespace: kube-system
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata:
            name: system:kube-vip-role
          rules:
            - apiGroups: [""]
              resources: ["services/status"]
              verbs: ["update"]
            - apiGroups: [""]
              resources: ["services", "endpoints"]
              verbs: ["list", "get", "watch", "update"]
            - apiGroups: [""]
              resources: ["nodes"]
              verbs: ["list", "get", "watch", "update", "patch"]
            - apiGroups: ["coordination.k8s.io"]
              resources: ["leases"]
              verbs: ["list", "get", "watch", "update", "create"]
            - apiGroups: ["discovery.k8s.io"]
              resources: ["endpointslices"]
              verbs: ["list", "get", "watch", "update"]
            - apiGroups: [""]
              resources: ["pods"]
              verbs: ["list"]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata:
            name: system:kube-vip-binding
          roleRef:
            apiGroup: rbac.authorization.k8s.io
            kind: ClusterRole
            name: system:kube-vip-role
          subjects:
            - kind: ServiceAccount
              name: kube-vip
              namespace: kube-system
          ---
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: kube-vip-ds
            namespace: kube-system
            labels:
              app.kubernetes.io/name: kube-vip-ds
          spec:
            selector:
              matchLabels:
                app.kubernetes.io/name: kube-vip-ds
            template:
              metadata:
                labels:
                  app.kubernetes.io/name: kube-vip-ds
              spec:
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - key: node-role.kubernetes.io/control-plane
                              operator: Exists
                        - matchExpressions:
                            - key: node-role.kubernetes.io/master
                              operator: Exists
                # Runs before the node is initialised and on tainted control-plane nodes.
                tolerations:
                  - effect: NoSchedule
                    operator: Exists
                  - effect: NoExecute
                    operator: Exists
                hostNetwork: true
                serviceAccountName: kube-vip
                containers:
                  - name: kube-vip
                    image: ghcr.io/kube-vip/kube-vip:${KUBE_VIP_VERSION}
                    imagePullPolicy: IfNotPresent
                    args: ["manager"]
                    env:
                      - name: vip_arp
                        value: "true"
                      - name: port
                        value: "6443"
                      - name: vip_interface
                        value: "${KUBE_VIP_INTERFACE}"
                      - name: vip_cidr
                        value: "32"
                      - name: cp_enable
                        value: "true"
                      - name: cp_namespace
                        value: kube-system
                      - name: svc_enable
                        value: "false"
                      - name: vip_leaderelection
                        value: "true"
                      - name: vip_leasename
                        value: plndr-cp-lock
                      - name: vip_leaseduration
                        value: "5"
                      - name: vip_renewdeadline
                        value: "3"
                      - name: vip_retryperiod
                        value: "1"
                      - name: address
                        value: "${CLUSTER_IP}"
                    securityContext:
                      capabilities:
                        add: ["NET_ADMIN", "NET_RAW"]
      # provisioner.template.ssh-authorized-keys, each checked to be one OpenSSH public key line, in base64: the
      # key text never meets YAML, the Jinja cloud-config template of cluster-api-k3s, or a shell.
      - path: /etc/ephemeral-clusters/ssh-authorized-keys
        owner: root:root
        permissions: "0644"
        encoding: base64
        content: "${SSH_AUTHORIZED_KEYS}"
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
      numSockets: ${CPU_SOCKETS}
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
      # VM ids come from this range, so ephemeral VMs never take ids of the site's other VMs.
      vmIDRange:
        start: ${VM_ID_RANGE_START}
        end: ${VM_ID_RANGE_END}
      # provider-id: proxmox://<bios uuid> in the cloud-init metadata, the id the node registers with.
      metadataSettings:
        providerIDInjection: ${PROVIDER_ID_INJECTION}
      # The provider waits for cloud-init and the QEMU guest agent unless the VM template lacks them.
      checks:
        skipCloudInitStatus: ${SKIP_CLOUD_INIT_STATUS}
        skipQemuGuestAgent: ${SKIP_QEMU_GUEST_AGENT}
