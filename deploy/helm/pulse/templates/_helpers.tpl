{{/* The code facts the chart follows (files/catalog.yaml). */}}
{{- define "pulse.catalog" -}}
{{ .Files.Get "files/catalog.yaml" }}
{{- end }}

{{- define "pulse.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end }}

{{/* Name of a component's objects: <release>-<component>. */}}
{{- define "pulse.componentName" -}}
{{- printf "%s-%s" (include "pulse.fullname" .root) .component -}}
{{- end }}

{{- define "pulse.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "pulse.labels" -}}
{{ include "pulse.selectorLabels" . }}
app.kubernetes.io/part-of: pulse
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{/* Labels of objects that belong to the release as a whole. */}}
{{- define "pulse.releaseLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: pulse
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "pulse.image" -}}
{{- $image := .root.Values.image -}}
{{- $tag := default .root.Chart.AppVersion $image.tag -}}
{{- if $image.registry -}}
{{ printf "%s/%s/%s:%s" $image.registry $image.repository .artifact $tag }}
{{- else -}}
{{ printf "%s/%s:%s" $image.repository .artifact $tag }}
{{- end -}}
{{- end }}

{{- define "pulse.kafkaClusterName" -}}
{{- default (printf "%s-kafka" (include "pulse.fullname" .)) .Values.kafka.strimzi.clusterName -}}
{{- end }}

{{- define "pulse.mongodbName" -}}
{{- default (printf "%s-mongodb" (include "pulse.fullname" .)) .Values.mongodb.operator.name -}}
{{- end }}

{{- define "pulse.kafkaBootstrap" -}}
{{- if .Values.kafka.strimzi.enabled -}}
{{ include "pulse.kafkaClusterName" . }}-kafka-bootstrap:{{ ternary 9093 9092 .Values.kafka.strimzi.tls }}
{{- else -}}
{{ required "kafka.bootstrapServers is required when kafka.strimzi.enabled is false" .Values.kafka.bootstrapServers }}
{{- end -}}
{{- end }}

{{- define "pulse.identityUrl" -}}
http://{{ include "pulse.componentName" (dict "root" . "component" "identity") }}:9000
{{- end }}

{{/* The iss every component accepts: the demo issuer when it is enabled, else the configured provider. */}}
{{- define "pulse.issuerUri" -}}
{{- if .Values.identity.enabled -}}
{{ default (include "pulse.identityUrl" .) .Values.identity.issuerUrl }}
{{- else -}}
{{ required "oidc.issuerUri is required (or identity.enabled=true for the demo issuer)" .Values.oidc.issuerUri }}
{{- end -}}
{{- end }}

{{/* Where pods fetch the issuer's keys: configured, else the demo issuer's in-cluster address, else discovery. */}}
{{- define "pulse.jwkSetUri" -}}
{{- if .Values.oidc.jwkSetUri -}}
{{ .Values.oidc.jwkSetUri }}
{{- else if .Values.identity.enabled -}}
{{ include "pulse.identityUrl" . }}/oauth2/jwks
{{- end -}}
{{- end }}

{{- define "pulse.tokenUri" -}}
{{- if .Values.oidc.tokenUri -}}
{{ .Values.oidc.tokenUri }}
{{- else if .Values.identity.enabled -}}
{{ include "pulse.identityUrl" . }}/oauth2/token
{{- else -}}
{{ include "pulse.issuerUri" . }}/oauth2/token
{{- end -}}
{{- end }}

{{- define "pulse.directoryConfigMap" -}}
{{- default (printf "%s-directory" (include "pulse.fullname" .)) .Values.directory.existingConfigMap -}}
{{- end }}

{{/* Pod template annotations: a changed setting rolls the pods. */}}
{{- define "pulse.podAnnotations" -}}
checksum/settings: {{ include (print .Template.BasePath "/settings.yaml") . | sha256sum }}
{{- end }}

{{/* Kafka client settings of a service (env entries), for Strimzi's SCRAM-over-TLS listener or your own cluster. */}}
{{- define "pulse.kafkaEnv" -}}
{{- $root := .root -}}
{{- if $root.Values.kafka.strimzi.enabled }}
# the KafkaUser's name; KEDA's TriggerAuthentication reads it from here
- name: KAFKA_SASL_USERNAME
  value: {{ include "pulse.componentName" (dict "root" $root "component" .component) }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: SCRAM-SHA-512
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      # made by Strimzi's user operator for the KafkaUser of the same name
      name: {{ include "pulse.componentName" (dict "root" $root "component" .component) }}
      key: sasl.jaas.config
{{- if $root.Values.kafka.strimzi.tls }}
- name: SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL
  value: SASL_SSL
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION
  value: /etc/pulse/kafka-ca/ca.crt
{{- else }}
- name: SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL
  value: SASL_PLAINTEXT
{{- end }}
{{- else }}
{{- range $key, $value := $root.Values.kafka.clientProperties }}
- name: SPRING_KAFKA_PROPERTIES_{{ $key | upper | replace "." "_" | replace "-" "_" }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- if $root.Values.kafka.saslExistingSecret }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.kafka.saslExistingSecret }}
      key: {{ .component }}
{{- end }}
{{- end }}
{{- end }}

{{/* The service's own database. */}}
{{- define "pulse.mongodbEnv" -}}
- name: MONGODB_URI
  valueFrom:
    secretKeyRef:
{{- if eq .root.Values.mongodb.mode "operator" }}
      # made by the MongoDB operator for the service's user (mongodb.yaml)
      name: {{ include "pulse.mongodbName" .root }}-{{ .component }}
      key: connectionString.standard
{{- else if eq .root.Values.mongodb.mode "external" }}
      name: {{ required "mongodb.external.existingSecret is required" .root.Values.mongodb.external.existingSecret }}
      key: {{ .component }}
{{- else }}
{{- fail "mongodb.mode must be operator or external" }}
{{- end }}
{{- end }}

{{/* Extra env from a map, in a stable order. */}}
{{- define "pulse.envMap" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{- define "pulse.probes" -}}
{{- $p := .root.Values.probes -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: {{ .port }}}
  periodSeconds: {{ $p.startup.periodSeconds }}
  timeoutSeconds: {{ $p.startup.timeoutSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: {{ .port }}}
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: {{ .port }}}
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
{{- end }}

{{- define "pulse.topologySpread" -}}
{{- $t := .root.Values.topologySpread -}}
{{- if $t.enabled }}
topologySpreadConstraints:
{{- range $key := list $t.zoneKey $t.nodeKey }}
  - maxSkew: {{ $t.maxSkew }}
    topologyKey: {{ $key }}
    whenUnsatisfiable: {{ $t.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "pulse.selectorLabels" $ | nindent 8 }}
{{- end }}
{{- end }}
{{- end }}

{{/* What every container of the release shares: security, lifecycle, writable /tmp. */}}
{{- define "pulse.containerCommon" -}}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
lifecycle:
  preStop:
    sleep:
      seconds: {{ .Values.preStopSeconds }}
{{- end }}

{{/* Egress every component needs: DNS and the OIDC issuer (the demo issuer's pods, or the configured provider). */}}
{{- define "pulse.egressCommon" -}}
{{- $np := .Values.networkPolicy -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $np.dns.namespace }}
      podSelector:
        matchLabels:
          {{- toYaml $np.dns.podLabels | nindent 10 }}
  ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
{{- if .Values.identity.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "pulse.selectorLabels" (dict "root" . "component" "identity") | nindent 10 }}
  ports:
    - port: http
{{- else }}
- to:
    {{- toYaml $np.issuerTo | nindent 4 }}
  ports:
    {{- range $port := $np.issuerPorts }}
    - port: {{ $port }}
    {{- end }}
{{- end }}
{{- end }}

{{/* The gateway's allowed browser origins: configured, else the hosts it is published under. */}}
{{- define "pulse.corsOrigins" -}}
{{- if .Values.gateway.corsAllowedOrigins -}}
{{ .Values.gateway.corsAllowedOrigins }}
{{- else -}}
{{- $origins := list -}}
{{- if .Values.ingress.enabled -}}
{{- $origins = append $origins (printf "%s://%s" (ternary "https" "http" (not (empty .Values.ingress.tlsSecretName))) .Values.ingress.host) -}}
{{- end -}}
{{- if .Values.httpRoute.enabled -}}
{{- range .Values.httpRoute.hostnames -}}
{{- $origins = append $origins (printf "https://%s" .) -}}
{{- end -}}
{{- end -}}
{{ join "," $origins }}
{{- end -}}
{{- end }}
